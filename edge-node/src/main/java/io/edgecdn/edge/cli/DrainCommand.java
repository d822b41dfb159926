package io.edgecdn.edge.cli;

import com.ecwid.consul.ConsulException;
import io.edgecdn.ops.config.ConfigValues;
import io.edgecdn.scheduler.consul.Consul;
import io.edgecdn.scheduler.consul.ConsulSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node drain}: asks a node to drain through Consul KV ({@code edge-node/drain/NODE-ID}
 * = deadline). The node sees it within a third of its check TTL, fails its check (no new viewers or
 * children), redirects new viewers, and deregisters once its viewers left or the deadline passed.
 */
@Command(name = "drain", mixinStandardHelpOptions = true, description = "Drain a node: no new viewers, deregister once they left.")
public final class DrainCommand implements Callable<Integer> {
    @Option(names = "--consul", required = true, paramLabel = "URL", description = "Consul agent, e.g. http://127.0.0.1:8500 (token: CONSUL_HTTP_TOKEN)")
    String consul;

    @Option(names = "--node-id", required = true, paramLabel = "ID", description = "the node to drain")
    String nodeId;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "5m", description = "longest wait for viewers to leave (default 5m)")
    String deadline;

    @Option(names = "--kv-prefix", paramLabel = "PREFIX", defaultValue = "edge-node", description = "KV prefix of the nodes (cluster.consul.kv-prefix; default edge-node)")
    String prefix;

    @Override
    public Integer call() {
        Duration within;
        try {
            within = ConfigValues.parseDuration(deadline);
        } catch (IllegalArgumentException e) {
            System.err.println("edge-node drain: --deadline " + e.getMessage());
            return 2;
        }
        try {
            ConsulSettings s = ConsulSettings.defaults(consul).withToken(System.getenv("CONSUL_HTTP_TOKEN")).withKvPrefix(prefix);
            try (Consul c = new Consul(s)) {
                Instant until = Instant.now().plus(within);
                c.requestDrain(nodeId, until);
                System.out.println("drain of " + nodeId + " requested (KV " + c.drainKey(nodeId) + "), deadline " + until);
                return 0;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("edge-node drain: " + e.getMessage());
            return 2;
        } catch (ConsulException e) {
            System.err.println("edge-node drain: Consul at " + consul + " failed: " + e.getMessage());
            return 1;
        }
    }
}
