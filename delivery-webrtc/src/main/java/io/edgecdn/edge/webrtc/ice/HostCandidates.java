package io.edgecdn.edge.webrtc.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The addresses the node's host candidates (RFC 8445 5.1.1.1) advertise. */
public final class HostCandidates {
    private static final Logger log = LoggerFactory.getLogger(HostCandidates.class);

    private HostCandidates() {
    }

    /**
     * The configured addresses when there are any; else the bound address when it is not the
     * wildcard; else every IPv4 address of the interfaces that are up, loopback last (127.0.0.1
     * when none can be listed, with a warning that says to configure them).
     */
    public static List<String> addresses(List<String> advertise, InetSocketAddress bound) {
        if (!advertise.isEmpty()) {
            return advertise;
        }
        InetAddress a = bound.getAddress();
        if (!a.isAnyLocalAddress()) {
            return List.of(a.getHostAddress());
        }
        List<String> out = new ArrayList<>();
        List<String> loopback = new ArrayList<>();
        try {
            for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
                if (!n.isUp()) {
                    continue;
                }
                for (InetAddress ia : n.inetAddresses().toList()) {
                    if (ia instanceof Inet4Address) {
                        (ia.isLoopbackAddress() ? loopback : out).add(ia.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces ({}); advertising 127.0.0.1 only: set webrtc.advertise", e.toString());
        }
        out.addAll(loopback);
        return out.isEmpty() ? List.of("127.0.0.1") : out;
    }
}
