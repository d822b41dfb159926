package io.edgecdn.edge.flv;

/**
 * The slow-viewer policy of one viewer's queue.
 *
 * @param maxQueuedBytes payload bytes waiting (not yet handed to the socket) before the viewer skips
 * @param maxQueuedMs media time (ms, newest minus oldest queued tag) waiting before the viewer skips
 * @param maxSkips skips within {@code skipWindowMs} after which the viewer is closed
 * @param skipWindowMs window (ms) over which skips are counted
 * @param maxBatchBytes most bytes handed to the socket in one gathering write
 */
public record ViewerLimits(long maxQueuedBytes, long maxQueuedMs, int maxSkips, long skipWindowMs, int maxBatchBytes) {
    public ViewerLimits {
        if (maxQueuedBytes < 1 || maxQueuedMs < 1 || maxSkips < 1 || skipWindowMs < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("viewer limits must be positive");
        }
    }
}
