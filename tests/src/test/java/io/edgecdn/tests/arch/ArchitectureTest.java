package io.edgecdn.tests.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the main code, checked on every build: no cycles between packages, every package
 * says in its {@code package-info.java} what lives there and which of our packages it may import
 * (a {@code <p>May import: ...} paragraph, enforced here on the compiled classes), and no main
 * source file is over 400 lines.
 */
class ArchitectureTest {
    /** Every module with main code; the reactor builds them before this module. */
    static final List<String> MODULES = List.of(
            "media", "test-support", "origin-pull", "transcoder", "scheduler", "ops", "source", "delivery-flv",
            "delivery-hls", "delivery-webrtc", "viewer-port", "tools", "admin", "edge-node");
    static final int MAX_LINES = 400;

    private static final Pattern MAY_IMPORT = Pattern.compile("<p>May import:(.*?)\\.(\\s|\\*/|$)");
    private static final Pattern CODE = Pattern.compile("\\{@code\\s+([a-z0-9.]+)\\s*}");

    private static final JavaClasses MAIN = importMain();

    static JavaClasses importMain() {
        List<Path> dirs = MODULES.stream().map(m -> Path.of("..", m, "target", "classes")).toList();
        for (Path d : dirs) {
            if (!Files.isDirectory(d.resolve("io/edgecdn"))) {
                throw new IllegalStateException(d.toAbsolutePath() + " has no classes: build the reactor first");
            }
        }
        return new ClassFileImporter().importPaths(dirs);
    }

    /** A new module is checked only once it is listed: every module with main code of its own must be. */
    @Test
    void everyModuleWithMainCodeIsChecked() throws IOException {
        List<String> withMain = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of(".."))) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src/main/java/io/edgecdn"))) {
                    withMain.add(d.getFileName().toString());
                }
            }
        }
        assertThat(withMain).isNotEmpty();
        assertThat(MODULES).containsAll(withMain.stream().filter(m -> !NOT_CHECKED.contains(m)).toList());
    }

    /**
     * Modules whose packages are all {@code @NullMarked} (JSpecify), so that NullAway checks their
     * main code on every compile: a reference that may be null says so with {@code @Nullable}.
     */
    static final List<String> NULL_MARKED = List.of("source", "delivery-flv", "delivery-hls", "delivery-webrtc", "viewer-port");

    @Test
    void theNullCheckedModulesMarkEveryPackage() throws IOException {
        List<String> unmarked = new ArrayList<>();
        int packages = 0;
        for (String m : NULL_MARKED) {
            Path root = Path.of("..", m, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path java : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Path info = java.resolveSibling("package-info.java");
                    if (java.equals(info)) {
                        packages++;
                        if (!Files.readString(info).contains("@NullMarked")) {
                            unmarked.add(m + ": " + root.relativize(info));
                        }
                    } else if (!Files.exists(info)) {
                        unmarked.add(m + ": " + root.relativize(java.getParent()) + " has no package-info.java");
                    }
                }
            }
        }
        assertThat(packages).isGreaterThanOrEqualTo(NULL_MARKED.size());
        assertThat(unmarked).as("packages NullAway does not check").isEmpty();
    }

    /** Modules left out of the package rules: JMH's generated code and the end-to-end tests' helpers. */
    static final List<String> NOT_CHECKED = List.of("benchmarks", "tests");

    @Test
    void noPackageCycles() {
        slices().matching("io.edgecdn.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() {
        Map<String, Path> infos = packageInfos();
        Map<String, List<String>> allowed = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JavaClass c : MAIN) {
            String pkg = c.getPackageName();
            if (!allowed.containsKey(pkg)) {
                Path info = infos.get(pkg);
                if (info == null) {
                    problems.add(pkg + ": no package-info.java");
                    allowed.put(pkg, List.of());
                    continue;
                }
                List<String> a = mayImport(info);
                if (a == null) {
                    problems.add(pkg + ": " + info + " has no '<p>May import: ...' paragraph");
                    a = List.of();
                }
                allowed.put(pkg, a);
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith("io.edgecdn") && !target.equals(pkg) && !matchesAny(target, allowed.get(pkg))) {
                    problems.add(pkg + " may not import " + target + ": " + d.getDescription());
                }
            }
        }
        assertThat(new TreeSet<>(problems)).as("package dependencies against package-info.java").isEmpty();
    }

    @Test
    void noMainSourceFileIsOverTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (String m : MODULES) {
            try (Stream<Path> files = Files.walk(Path.of("..", m, "src", "main", "java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long lines = Files.readAllLines(f).size();
                    if (lines > MAX_LINES) {
                        tooLong.add(f + ": " + lines + " lines");
                    }
                }
            }
        }
        assertThat(tooLong).as("main source files over " + MAX_LINES + " lines (split them)").isEmpty();
    }

    /**
     * Classes of main code that may still sleep, each with why; the list only shrinks. Everything
     * else that waits takes a {@code TaskTimer} or a {@code Clock}, which tests replace with a
     * manual time. No main class reads {@code System.currentTimeMillis}: wall time comes from an
     * injected {@code java.time.Clock}.
     */
    static final Map<String, String> MAY_SLEEP = Map.of(
            "io.edgecdn.edge.transcode.TranscodeService", "a rendition's pull thread polls for its stop request",
            "io.edgecdn.scheduler.consul.ServiceWatch", "its own blocking-query thread backs off between Consul queries",
            "io.edgecdn.edge.bench.HlsLoad", "the load tool paces its players");

    @Test
    void noSleepOrWallClockReadsInMainCode() {
        List<String> problems = new ArrayList<>();
        for (JavaClass c : MAIN) {
            String owner = c.getName().replaceAll("\\$.*", "");
            c.getMethodCallsFromSelf().forEach(call -> {
                String target = call.getTargetOwner().getName() + "." + call.getName();
                if (target.equals("java.lang.System.currentTimeMillis")) {
                    problems.add(call.getDescription() + ": read an injected java.time.Clock instead");
                } else if (target.equals("java.lang.Thread.sleep") && !MAY_SLEEP.containsKey(owner)) {
                    problems.add(call.getDescription() + ": schedule on a TaskTimer instead (or add the class to MAY_SLEEP with why)");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void mayImportParagraph_isParsed() {
        assertThat(parse("/**\n * Things.\n *\n * <p>May import: {@code io.edgecdn.media..} and\n * {@code io.edgecdn.pull}.\n */"))
                .containsExactly("io.edgecdn.media..", "io.edgecdn.pull");
        assertThat(parse("/** Things. <p>May import: nothing of ours. */")).isEmpty();
        assertThat(parse("/** Things. */")).isNull();
        assertThat(matchesAny("io.edgecdn.media.flv", List.of("io.edgecdn.media.."))).isTrue();
        assertThat(matchesAny("io.edgecdn.media", List.of("io.edgecdn.media.."))).isTrue();
        assertThat(matchesAny("io.edgecdn.mediax", List.of("io.edgecdn.media.."))).isFalse();
        assertThat(matchesAny("io.edgecdn.pull.srt", List.of("io.edgecdn.pull"))).isFalse();
    }

    private static Map<String, Path> packageInfos() {
        Map<String, Path> out = new TreeMap<>();
        for (String m : MODULES) {
            Path root = Path.of("..", m, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.getFileName().toString().equals("package-info.java"))
                        .forEach(p -> out.put(root.relativize(p.getParent()).toString().replace('/', '.'), p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<String> mayImport(Path info) {
        try {
            return parse(Files.readString(info));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packages named by a {@code <p>May import: ...} paragraph; null when there is none. */
    static List<String> parse(String text) {
        Matcher m = MAY_IMPORT.matcher(text.replaceAll("\\n\\s*\\*(?!/)", " "));
        if (!m.find()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Matcher c = CODE.matcher(m.group(1));
        while (c.find()) {
            out.add(c.group(1));
        }
        return out;
    }

    /** {@code a.b} allows exactly {@code a.b}; {@code a.b..} allows {@code a.b} and its subpackages. */
    static boolean matchesAny(String pkg, List<String> allowed) {
        for (String a : allowed) {
            if (a.endsWith("..")) {
                String base = a.substring(0, a.length() - 2);
                if (pkg.equals(base) || pkg.startsWith(base + ".")) {
                    return true;
                }
            } else if (pkg.equals(a)) {
                return true;
            }
        }
        return false;
    }
}
