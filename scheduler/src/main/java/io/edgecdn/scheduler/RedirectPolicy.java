package io.edgecdn.scheduler;

import java.util.List;

/**
 * Whether an edge over its viewer or bandwidth threshold should send a new viewer elsewhere, and
 * where: the best other edge for the stream (rendezvous ranking, the viewer's region preferred)
 * that is not over the threshold itself. A request that was already redirected is never redirected
 * again (no loops): the caller marks redirected requests (e.g. {@code ?redirected=1}) and passes
 * that flag.
 *
 * @param threshold load (0..1 of the node's viewer or egress capacity) from which new viewers are redirected
 */
public record RedirectPolicy(double threshold) {
    public RedirectPolicy {
        if (threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException("redirect threshold must be in (0, 1], got " + threshold);
        }
    }

    /**
     * @param self this node, with its current load
     * @param others the other healthy edges of this tier
     * @param alreadyRedirected whether the request came from a redirect
     * @return the node to redirect to, or null to serve locally
     */
    public NodeInfo decide(NodeInfo self, List<NodeInfo> others, String streamKey, String viewerRegion, boolean alreadyRedirected) {
        return decide(self, others, streamKey, viewerRegion, alreadyRedirected, false);
    }

    /**
     * The same, for a node that may be draining: a draining node sends every new viewer away (when
     * another edge has room), whatever its own load.
     *
     * @param others the healthy edges of this tier ({@code self} among them is ignored)
     */
    public NodeInfo decide(NodeInfo self, List<NodeInfo> others, String streamKey, String viewerRegion, boolean alreadyRedirected,
                           boolean draining) {
        if (alreadyRedirected || !draining && self.load() < threshold) {
            return null;
        }
        List<NodeInfo> fit = others.stream().filter(n -> !n.id().equals(self.id()) && n.load() < threshold).toList();
        return RendezvousRanker.best(streamKey, fit, viewerRegion, null);
    }
}
