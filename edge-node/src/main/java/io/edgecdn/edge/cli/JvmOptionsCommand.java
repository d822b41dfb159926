package io.edgecdn.edge.cli;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.edge.config.ConfigLoader;
import io.edgecdn.edge.config.EdgeConfig;
import io.edgecdn.edge.config.HeapPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-node jvm-options [--config FILE]}: prints the JVM memory options that fit the config
 * ({@link HeapPlan}) on one line, for {@code bin/edge-node} to start the node with.
 */
@Command(name = "jvm-options", mixinStandardHelpOptions = true,
        description = "Print the JVM memory options (heap, collector) that fit a config; bin/edge-node uses them.")
public final class JvmOptionsCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the node's config file (default: the built-in defaults)")
    Path config;

    @Override
    public Integer call() {
        try {
            EdgeConfig cfg = config != null ? ConfigLoader.load(config) : EdgeConfig.defaults();
            System.out.println(String.join(" ", HeapPlan.jvmOptions(cfg)));
            return 0;
        } catch (ConfigException e) {
            System.err.println("edge-node: config error: " + e.getMessage());
            return 2;
        }
    }
}
