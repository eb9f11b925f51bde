package io.argus.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Module layering (DESIGN.md §3) and project-wide bans, checked on the main classes of every
 * module on argus-app's class path. Packages of modules that do not exist yet are listed so the
 * rules hold as soon as they appear.
 */
class ArchitectureTest {
  /** From the bottom up: a package may only depend on packages of its own or a lower level. */
  private static final List<List<String>> LEVELS =
      List.of(
          List.of("io.argus.model..", "io.argus.util.."),
          List.of("io.argus.storage.."),
          List.of("io.argus.tsdb..", "io.argus.promql..", "io.argus.template.."),
          List.of(
              "io.argus.scrape..",
              "io.argus.rules..",
              "io.argus.remote..",
              "io.argus.store..",
              "io.argus.alertmanager.."),
          List.of("io.argus.web.."),
          List.of("io.argus.app.."));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("argus-testkit"))
            .importPackages("io.argus");
  }

  @Test
  void importedClasses_coverEveryModuleOnTheClassPath() {
    assertThat(classes.stream().map(JavaClass::getPackageName))
        .anyMatch(p -> p.startsWith("io.argus.model"))
        .anyMatch(p -> p.startsWith("io.argus.storage"))
        .anyMatch(p -> p.startsWith("io.argus.tsdb"))
        .anyMatch(p -> p.startsWith("io.argus.app"));
  }

  static Stream<Arguments> levels() {
    return IntStream.range(0, LEVELS.size() - 1)
        .mapToObj(
            i -> {
              List<String> higher = new ArrayList<>();
              LEVELS.subList(i + 1, LEVELS.size()).forEach(higher::addAll);
              return Arguments.of(LEVELS.get(i), higher);
            });
  }

  @ParameterizedTest(name = "{0} must not depend on {1}")
  @MethodSource("levels")
  void lowerModules_neverDependOnHigherOnes(List<String> level, List<String> higher) {
    noClasses()
        .that()
        .resideInAnyPackage(level.toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(higher.toArray(String[]::new))
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyClock_readsTheWallClock() {
    DescribedPredicate<JavaMethodCall> readsWallClock =
        new DescribedPredicate<>("read the wall clock (use io.argus.util.Clock)") {
          @Override
          public boolean test(JavaMethodCall call) {
            MethodCallTarget target = call.getTarget();
            String owner = target.getOwner().getName();
            String name = target.getName();
            return (owner.equals("java.lang.System") && name.equals("currentTimeMillis"))
                || (owner.startsWith("java.time.") && name.equals("now"))
                || (owner.equals("java.time.Clock") && name.startsWith("system"));
          }
        };

    noClasses()
        .that(not(belongToAnyOf(Clock.class)))
        .should()
        .callMethodWhere(readsWallClock)
        .check(classes);
  }

  @Test
  void nobody_usesJavaUtilLogging() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.logging..")
        .check(classes);
  }

  @Test
  void onlyTheApp_printsToTheConsole() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.argus.app..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .check(classes);
  }

  @Test
  void levels_listEveryPackageOnce() {
    List<String> all = LEVELS.stream().flatMap(List::stream).toList();

    assertThat(all).doesNotHaveDuplicates();
    assertThat(Arrays.asList("io.argus.model..", "io.argus.app..")).isSubsetOf(all);
  }
}
