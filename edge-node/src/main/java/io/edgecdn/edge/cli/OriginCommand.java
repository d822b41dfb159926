package io.edgecdn.edge.cli;

import com.ecwid.consul.ConsulException;
import io.edgecdn.scheduler.consul.Consul;
import io.edgecdn.scheduler.consul.ConsulSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node origin register|deregister}: operators put an external origin (an SRT, RTMP or
 * HTTP-FLV URL template) into the Consul catalog as service {@code origin}; tier-1 nodes pull from
 * the healthy origins, ranked per stream.
 */
@Command(name = "origin", mixinStandardHelpOptions = true, description = "Register or deregister an origin in Consul.",
        subcommands = {OriginCommand.Register.class, OriginCommand.Deregister.class})
public final class OriginCommand {

    /** Options shared by both subcommands. */
    static class Common {
        @Option(names = "--consul", required = true, paramLabel = "URL", description = "Consul agent, e.g. http://127.0.0.1:8500 (token: CONSUL_HTTP_TOKEN)")
        String consul;

        @Option(names = "--service", paramLabel = "NAME", defaultValue = "origin", description = "Consul service name of origins (default origin)")
        String service;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the origin's unique name (1-63 of [A-Za-z0-9-])")
        String name;

        Consul connect() {
            return new Consul(ConsulSettings.defaults(consul).withToken(System.getenv("CONSUL_HTTP_TOKEN")).withOriginService(service));
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register an origin (idempotent: registering again updates it).")
    static final class Register extends Common implements Callable<Integer> {
        @Option(names = "--url", required = true, paramLabel = "TEMPLATE",
                description = "pull URL template with {app}, {stream} or {key}, e.g. 'srt://10.0.0.9:9000?mode=caller&streamid=#!::r={key},m=request' or rtmp://10.0.0.9/{app}/{stream}")
        String url;

        @Option(names = "--region", paramLabel = "REGION", description = "the origin's region (tier-1 nodes prefer their own)")
        String region;

        @Option(names = "--weight", paramLabel = "W", defaultValue = "1.0", description = "relative capacity (default 1.0)")
        double weight;

        @Override
        public Integer call() {
            try (Consul c = connect()) {
                io.edgecdn.pull.UpstreamEndpoint.of(url.replace("{app}", "app").replace("{stream}", "stream").replace("{key}", "app/stream"));
                c.registerOrigin(name, url, region, weight);
                System.out.println("origin " + name + " registered in Consul " + consul + " as service " + service + ": " + url);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("edge-node origin register: " + e.getMessage());
                return 2;
            } catch (ConsulException e) {
                System.err.println("edge-node origin register: Consul at " + consul + " failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "deregister", mixinStandardHelpOptions = true, description = "Remove an origin.")
    static final class Deregister extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Consul c = connect()) {
                c.deregisterOrigin(name);
                System.out.println("origin " + name + " deregistered from Consul " + consul);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("edge-node origin deregister: " + e.getMessage());
                return 2;
            } catch (ConsulException e) {
                System.err.println("edge-node origin deregister: Consul at " + consul + " failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
