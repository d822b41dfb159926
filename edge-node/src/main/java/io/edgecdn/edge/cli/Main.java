package io.edgecdn.edge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edge-node} command line entry point. */
@Command(name = "edge-node", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Edge CDN node for live video: pulls streams over SRT, RTMP or HTTP-FLV, caches the latest GOP, serves HTTP-FLV and HLS; registers with Consul and schedules upstreams across tiers.",
        subcommands = {ServeCommand.class, OriginCommand.class, DrainCommand.class, SignCommand.class, DemoCommand.class, BenchCommand.class, BenchHlsCommand.class, JvmOptionsCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"edge-node " + (v == null ? "dev" : v)};
        }
    }
}
