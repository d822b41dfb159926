package io.edgecdn.tests;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.config.UpstreamRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A JUnit 5 extension that starts edge nodes in-process on 127.0.0.1:free-port and closes them after each test. */
final class Nodes implements AfterEachCallback {
    private final List<EdgeNode> nodes = new ArrayList<>();

    /** A test-friendly config: loopback, free port, short timeouts and idle grace. */
    static EdgeConfig config(String pattern, String... urls) {
        EdgeConfig d = EdgeConfig.defaults();
        return d.withHttp(new EdgeConfig.Http("127.0.0.1", 0, 2))
                .withUpstreams(List.of(new UpstreamRule(pattern, List.of(urls))))
                .withPull(new EdgeConfig.Pull(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2),
                        Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    synchronized EdgeNode start(EdgeConfig config) {
        EdgeNode n = EdgeNode.start(config);
        nodes.add(n);
        return n;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (EdgeNode n : nodes) {
            n.close();
        }
        nodes.clear();
    }
}
