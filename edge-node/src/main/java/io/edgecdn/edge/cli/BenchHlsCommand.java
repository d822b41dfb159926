package io.edgecdn.edge.cli;

import io.edgecdn.edge.bench.HlsLoad;
import io.edgecdn.ops.config.ConfigValues;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-node bench-hls --url M3U8 --clients N --duration D}: HLS load like live players. */
@Command(name = "bench-hls", mixinStandardHelpOptions = true,
        description = "HLS load: N live players of one media playlist; reports requests per second and response times.")
public final class BenchHlsCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "media playlist URL, e.g. http://127.0.0.1:8080/live/demo.m3u8")
    URI url;

    @Option(names = "--clients", defaultValue = "100", description = "number of players (default 100)")
    int clients;

    @Option(names = "--duration", defaultValue = "60s", description = "measured time after the ramp (default 60s)")
    String duration;

    @Option(names = "--ramp", defaultValue = "10s", description = "time over which players start (default 10s)")
    String ramp;

    @Option(names = "--poll", defaultValue = "2s", description = "playlist reload interval, the target duration (default 2s)")
    String poll;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 20_000) {
            System.err.println("edge-node bench-hls: --clients must be 1..20000");
            return 2;
        }
        HlsLoad.Report r = new HlsLoad(url, clients, ConfigValues.parseDuration(duration), ConfigValues.parseDuration(ramp),
                ConfigValues.parseDuration(poll)).run();
        System.out.println(r.format(url.toString()));
        return r.errors() == 0 ? 0 : 1;
    }
}
