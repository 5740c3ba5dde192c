package io.genpipe.contracts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** contracts is the public message format: any JVM service must be able to use it without pulling in Spring or Kafka. */
class NoSpringInContractsTest {

    private final JavaClasses contracts = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.genpipe.contracts");

    @Test
    void contractsDependOnNoFramework() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "lombok..")
                .check(contracts);
    }

    @Test
    void contractsDependOnNoService() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.genpipe.ingress..", "io.genpipe.router..", "io.genpipe.worker..",
                        "io.genpipe.sink..", "io.genpipe.messaging..")
                .check(contracts);
    }
}
