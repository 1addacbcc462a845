package io.parley.architecture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module graph, read from the reactor's {@code pom.xml} files: what each module may depend on at compile time,
 * so that a dependency the package rules forbid cannot be added in a pom either. Test-scoped dependencies on
 * test jars (contract tests, fixtures) are allowed along the same edges.
 */
class MavenModulesTest {
    /** Code adapters share: libraries, which no adapter module is. */
    static final Set<String> LIBRARIES = Set.of("parley-adapters-common", "parley-adapters-resilience");
    private static final Set<String> CORE = Set.of("parley-domain", "parley-application");

    private final Map<String, List<Dependency>> modules = readReactor(Path.of("..").toAbsolutePath().normalize());

    @Test
    void theReactorIsReadWhole() {
        assertTrue(modules.keySet().containsAll(Set.of("parley-domain", "parley-application", "parley-bootstrap",
                "parley-adapters-websocket", "parley-adapters-persistence")), "modules: " + modules.keySet());
    }

    @Test
    void theDomainDependsOnNoModule() {
        assertEquals(List.of(), parleyDependencies("parley-domain", false));
    }

    @Test
    void theApplicationDependsOnTheDomainOnly() {
        assertEquals(List.of("parley-domain"), parleyDependencies("parley-application", false));
    }

    @Test
    void adapterLibrariesDependOnTheCoreOnly() {
        for (String library : LIBRARIES) {
            assertTrue(CORE.containsAll(parleyDependencies(library, true)), library + " depends on "
                    + parleyDependencies(library, true));
        }
    }

    @Test
    void adaptersDependOnTheCoreAndTheLibrariesNeverOnEachOther() {
        for (String module : modules.keySet()) {
            if (!module.startsWith("parley-adapters-") || LIBRARIES.contains(module)) {
                continue;
            }
            for (String dependency : parleyDependencies(module, true)) {
                assertTrue(CORE.contains(dependency) || LIBRARIES.contains(dependency),
                        module + " depends on the adapter " + dependency);
            }
        }
    }

    @Test
    void nothingButTheCompositionRootAndItsUsersDependsOnBootstrap() {
        for (Map.Entry<String, List<Dependency>> module : modules.entrySet()) {
            boolean usesBootstrap = module.getValue().stream().anyMatch(d -> d.artifact().equals("parley-bootstrap"));
            boolean mayUse = module.getKey().equals("parley-architecture-tests")
                    || module.getKey().startsWith("parley-example-");
            assertTrue(!usesBootstrap || mayUse, module.getKey() + " depends on bootstrap");
        }
    }

    /** The reactor modules {@code module} depends on; with {@code tests}, test-scoped test jars included. */
    private List<String> parleyDependencies(String module, boolean tests) {
        List<Dependency> dependencies = modules.get(module);
        assertTrue(dependencies != null, "no module " + module);
        return dependencies.stream().filter(d -> modules.containsKey(d.artifact()))
                .filter(d -> !d.artifact().equals(module))
                .filter(d -> tests || !d.scope().equals("test"))
                .map(Dependency::artifact).distinct().toList();
    }

    private record Dependency(String artifact, String scope) {
    }

    private static Map<String, List<Dependency>> readReactor(Path root) {
        Map<String, List<Dependency>> read = new LinkedHashMap<>();
        for (String module : children(document(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
            Path pom = root.resolve(module).resolve("pom.xml");
            Element project = document(pom).getDocumentElement();
            List<Dependency> dependencies = new ArrayList<>();
            Element list = child(project, "dependencies");
            if (list != null) {
                for (Element dependency : elements(list, "dependency")) {
                    Element scope = child(dependency, "scope");
                    dependencies.add(new Dependency(child(dependency, "artifactId").getTextContent().trim(),
                            scope == null ? "compile" : scope.getTextContent().trim()));
                }
            }
            read.put(child(project, "artifactId").getTextContent().trim(), dependencies);
        }
        return read;
    }

    private static Document document(Path pom) {
        assertTrue(Files.isRegularFile(pom), "no " + pom);
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static List<String> children(Element parent, String list, String item) {
        Element container = child(parent, list);
        return container == null ? List.of()
                : elements(container, item).stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = elements(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }
}
