package io.edgecdn.edge;

import java.util.function.Consumer;

/** Creates the periodic status-line task for a node. */
public final class StatusLines {
    private StatusLines() {
    }

    /** A task that prints one status line to {@code out} each time it runs. */
    public static Runnable reporter(EdgeNode node, Consumer<String> out) {
        return new StatusReporter(node, out);
    }
}
