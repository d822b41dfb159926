package io.edgecdn.edge.cli;

import io.edgecdn.edge.bench.BenchReport;
import io.edgecdn.edge.bench.FlvLoad;
import io.edgecdn.ops.config.ConfigValues;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node bench --url URL --viewers N --duration D}: opens N HTTP-FLV viewers and reports
 * TTFF percentiles (request to the first complete video keyframe), per-viewer bitrate, stalls and
 * the longest gaps between bytes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "HTTP-FLV load: N viewers of one URL; reports TTFF percentiles, per-viewer bitrate, stalls and delivery gaps.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "HTTP-FLV URL, e.g. http://127.0.0.1:8080/live/demo.flv")
    URI url;

    @Option(names = "--viewers", defaultValue = "100", description = "number of viewers (default 100)")
    int viewers;

    @Option(names = "--duration", defaultValue = "30s", description = "how long every viewer watches after the ramp (default 30s)")
    String duration;

    @Option(names = "--ramp", defaultValue = "5s", description = "time over which viewers connect (default 5s)")
    String ramp;

    @Option(names = "--threads", defaultValue = "1", description = "selector threads of the load tool (default 1)")
    int threads;

    @Option(names = "--stall", defaultValue = "1s", description = "a gap between reads longer than this counts as a stall (default 1s)")
    String stall;

    @Override
    public Integer call() throws Exception {
        if (viewers < 1 || viewers > 20_000) {
            System.err.println("edge-node bench: --viewers must be 1..20000");
            return 2;
        }
        var d = ConfigValues.parseDuration(duration);
        var r = ConfigValues.parseDuration(ramp);
        var probes = new FlvLoad(url, viewers, d, r, threads).run();
        BenchReport report = BenchReport.of(probes, d.toNanos(), ConfigValues.parseDuration(stall).toNanos());
        System.out.println(report.format(url.toString()));
        return report.failures() == 0 ? 0 : 1;
    }
}
