package io.edgecdn.pull;

/**
 * How one node marks its pull from another: the HTTP-FLV puller sends the header, the parent's
 * router never redirects a request carrying it (whatever its load), and the parent's viewer list
 * shows such viewers as child nodes.
 */
public final class ChildPull {
    /** Request header marking a child node's pull; its value is {@code 1}. */
    public static final String HEADER = "X-Edge-Pull";

    private ChildPull() {
    }
}
