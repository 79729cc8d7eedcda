package io.edgeweave.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.CsvRows;
import io.edgeweave.runtime.CborSerializable;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The house rules of docs/development.md that the compiler does not check. Plain JUnit tests over ArchUnit's core
 * (its JUnit 5 engine's field rules are skipped by Surefire 3.5.3, TNG/ArchUnit#1442).
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.edgeweave");

  /** Plain Java (records, pure functions, ND4J): actors and the cluster live elsewhere (collab's in collab.actors). */
  static final ArchRule PURE_PACKAGES_IMPORT_NO_PEKKO = noClasses().that().resideInAnyPackage(
          "io.edgeweave.scenario..", "io.edgeweave.tensor..", "io.edgeweave.data..", "io.edgeweave.nn..",
          "io.edgeweave.channel..", "io.edgeweave.plan..", "io.edgeweave.genai..", "io.edgeweave.fault..",
          "io.edgeweave.metrics..", "io.edgeweave.collab", "io.edgeweave.serving", "io.edgeweave.training")
      .and().resideOutsideOfPackage("io.edgeweave.genai.actors..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..");

  /** Between packages at every depth (genai and genai.actors count as two). */
  static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.edgeweave.(**)").should().beFreeOfCycles();

  /** A message that may cross JVMs, or of an actor's protocol, is an immutable record, or an enum without content. */
  static final ArchRule MESSAGES_ARE_RECORDS = classes().that().implement(CborSerializable.class)
      .or(implementAnActorsCommand())
      .should().beRecords().orShould().beEnums();

  /** Tensors travel as {@code tensor.Tensor}: no INDArray in a message, nor in any record a message holds. */
  static final ArchRule MESSAGES_HOLD_NO_INDARRAY = classes().that().implement(CborSerializable.class)
      .or(implementAnActorsCommand())
      .should(holdNoINDArray());

  /**
   * A file of a run folder is whole or absent after a crash: written through {@code metrics.AtomicFiles} (temporary
   * file, then rename), or appended to by {@code metrics.CsvRows}, which starts or restarts its file that way.
   */
  static final ArchRule FILES_ARE_WRITTEN_WHOLE = noClasses()
      .that().doNotHaveFullyQualifiedName(AtomicFiles.class.getName())
      .and().doNotHaveFullyQualifiedName(CsvRows.class.getName())
      .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(Files.class)))
          .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("write|writeString|newBufferedWriter|newOutputStream"))))
      .orShould().callConstructor(FileOutputStream.class, java.io.File.class)
      .orShould().callConstructor(FileOutputStream.class, String.class);

  @Test
  void filesAreWrittenWhole() {
    FILES_ARE_WRITTEN_WHOLE.check(MAIN);
  }

  static final class HalfWriter {
    static void save(java.nio.file.Path file) throws java.io.IOException {
      Files.writeString(file, "a crash can cut this short");
    }
  }

  @Test
  void aFileWrittenInPlaceIsFound() {
    JavaClasses writer = new ClassFileImporter().importClasses(HalfWriter.class);
    AssertionError found = assertThrows(AssertionError.class, () -> FILES_ARE_WRITTEN_WHOLE.check(writer));
    assertTrue(found.getMessage().contains("HalfWriter.save"), found.getMessage());
  }

  @Test
  void purePackagesImportNoPekko() {
    PURE_PACKAGES_IMPORT_NO_PEKKO.check(MAIN);
  }

  @Test
  void packagesHaveNoCycles() {
    NO_PACKAGE_CYCLES.check(MAIN);
  }

  @Test
  void messagesAreRecordsOrEnums() {
    MESSAGES_ARE_RECORDS.check(MAIN);
  }

  @Test
  void messagesHoldNoINDArray() {
    MESSAGES_HOLD_NO_INDARRAY.check(MAIN);
  }

  record Holder(List<Optional<INDArray>> arrays) {}

  record Smuggler(int id, Holder nested) implements CborSerializable {}

  @Test
  void anINDArrayNestedInARecordOfAMessageIsFound() {
    JavaClasses smuggler = new ClassFileImporter().importClasses(Smuggler.class, Holder.class, CborSerializable.class);
    AssertionError found = assertThrows(AssertionError.class, () -> MESSAGES_HOLD_NO_INDARRAY.check(smuggler));
    assertTrue(found.getMessage().contains("Smuggler.nested → Holder.arrays"), found.getMessage());
  }

  /** Classes (not interfaces) implementing an interface named {@code Command} nested in a class. */
  private static DescribedPredicate<JavaClass> implementAnActorsCommand() {
    return DescribedPredicate.describe("implement an actor's nested Command", c -> !c.isInterface()
        && c.getAllRawInterfaces().stream().anyMatch(i -> i.getSimpleName().equals("Command") && i.isNestedClass()));
  }

  private static ArchCondition<JavaClass> holdNoINDArray() {
    return new ArchCondition<>("hold no INDArray") {
      @Override
      public void check(JavaClass message, ConditionEvents events) {
        findINDArray(message, message.getSimpleName(), new HashSet<>()).ifPresent(path ->
            events.add(SimpleConditionEvent.violated(message, message.getName() + " holds an INDArray at " + path)));
      }
    };
  }

  /** The field path to an INDArray among {@code type}'s fields, following records of the project. */
  private static Optional<String> findINDArray(JavaClass type, String path, Set<JavaClass> seen) {
    if (!seen.add(type)) return Optional.empty();
    for (JavaField field : type.getFields()) {
      if (field.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)) continue;
      String at = path + "." + field.getName();
      for (JavaClass involved : involvedClasses(field.getType())) {
        if (involved.isAssignableTo(INDArray.class)) return Optional.of(at);
        if (involved.isRecord() && involved.getPackageName().startsWith("io.edgeweave")) {
          Optional<String> inner = findINDArray(involved, at + " → " + involved.getSimpleName(), seen);
          if (inner.isPresent()) return inner;
        }
      }
    }
    return Optional.empty();
  }

  /** A field type's class, its array component and its type arguments, recursively. */
  private static Set<JavaClass> involvedClasses(JavaType type) {
    Set<JavaClass> classes = new HashSet<>();
    JavaClass raw = type.toErasure();
    classes.add(raw);
    if (raw.isArray()) classes.add(raw.getBaseComponentType());
    if (type instanceof JavaParameterizedType parameterized) {
      parameterized.getActualTypeArguments().forEach(argument -> classes.addAll(involvedClasses(argument)));
    }
    return classes;
  }
}
