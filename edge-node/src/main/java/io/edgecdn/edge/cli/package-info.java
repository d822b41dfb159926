/** The command line: {@code serve}, {@code demo} and {@code bench} (picocli). */
package io.edgecdn.edge.cli;
