/**
 * The config vocabulary every module reads its own section with: {@link
 * io.edgecdn.ops.config.ConfigSection} (keys by name, types, ranges, unknown keys rejected), the
 * value syntaxes of {@link io.edgecdn.ops.config.ConfigValues} (durations, sizes, bitrates) and
 * {@link io.edgecdn.ops.config.ConfigException}, whose message names the key. The same readers
 * take the YAML file at start-up and the JSON bodies of the admin API's live changes.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.ops.config;
