package io.edgecdn.edge.cli;

import io.edgecdn.edge.EdgeNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** Schedules the node's periodic status line on its scheduler. */
final class Status {
    private Status() {
    }

    static void schedule(EdgeNode node, Duration every) {
        if (every.isZero()) {
            return;
        }
        Runnable r = io.edgecdn.edge.StatusLines.reporter(node, LoggerFactory.getLogger("status")::info);
        node.scheduler().scheduleAtFixedRate(r, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
}
