package io.genpipe.localstack;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Each service runs and scales on its own: it talks to the others through topics and the catalog, never through
 * their code. local-stack is the one module that sees every service, so it holds the rule for all of them.
 */
class ModuleBoundariesTest {

    private static final String[] SERVICES = {"io.genpipe.ingress", "io.genpipe.router", "io.genpipe.worker",
            "io.genpipe.sink"};

    /** Imported once for all the cases: importing the services' classes is most of this test's time. */
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVICES);

    @ParameterizedTest
    @ValueSource(strings = {"io.genpipe.ingress", "io.genpipe.router", "io.genpipe.worker", "io.genpipe.sink"})
    void aServiceImportsNoOtherServicesPackages(String service) {
        String[] others = Arrays.stream(SERVICES).filter(other -> !other.equals(service))
                .map(other -> other + "..").toArray(String[]::new);

        noClasses().that().resideInAPackage(service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .check(classes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.genpipe.ingress", "io.genpipe.router", "io.genpipe.worker", "io.genpipe.sink"})
    void noServiceDependsOnTheLocalRunOrTheSimulator(String service) {
        noClasses().that().resideInAPackage(service + "..")
                .should().dependOnClassesThat().resideInAnyPackage("io.genpipe.localstack..", "io.genpipe.simulator..",
                        "io.genpipe.infra..")
                .check(classes);
    }
}
