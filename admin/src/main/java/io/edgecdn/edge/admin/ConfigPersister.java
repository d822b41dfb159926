package io.edgecdn.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one section of the YAML config file back ({@code ?persist=true} on the admin API): the
 * file is read as a tree, the section replaced, and the tree written to a temporary file that is
 * then moved over the original (atomic on one file system), so a crash never leaves half a file.
 * Other sections and keys are kept as they are; YAML comments are not (Jackson's YAML tree has none).
 */
final class ConfigPersister {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ConfigPersister() {
    }

    /**
     * Replaces {@code section} (a top-level key) with {@code value}.
     *
     * @throws IOException when the file cannot be read or written
     */
    static void persist(Path file, String section, JsonNode value) throws IOException {
        ObjectNode root;
        if (Files.exists(file) && Files.size(file) > 0) {
            JsonNode tree = YAML.readTree(file.toFile());
            root = tree instanceof ObjectNode o ? o : YAML.createObjectNode();
        } else {
            root = YAML.createObjectNode();
        }
        root.set(section, value);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        YAML.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
