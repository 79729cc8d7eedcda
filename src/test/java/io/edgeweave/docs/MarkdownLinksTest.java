package io.edgeweave.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation as a reader follows it: every relative link and image of README.md and docs/ names a file that
 * exists (and, for a page, a heading that exists), and every page under docs/ can be reached from the README.
 */
class MarkdownLinksTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  /** [text](target) and ![alt](target), the target up to a space or the closing parenthesis. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HTML_LINK = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  @Test
  void everyRelativeLinkOfTheDocsResolves() {
    List<String> problems = new ArrayList<>();
    for (Path page : pages()) problems.addAll(brokenLinks(page, read(page)));
    assertEquals(List.of(), problems);
  }

  @Test
  void everyDocsPageCanBeReachedFromTheReadme() {
    Set<Path> reached = new HashSet<>();
    Deque<Path> todo = new ArrayDeque<>(List.of(ROOT.resolve("README.md")));
    while (!todo.isEmpty()) {
      Path page = todo.pop();
      if (!reached.add(page)) continue;
      for (String target : links(read(page))) {
        Path file = resolve(page, target);
        if (file != null && file.toString().endsWith(".md") && Files.isRegularFile(file)) todo.push(file);
      }
    }
    List<String> unreached = pages().stream().filter(p -> !reached.contains(p)).map(p -> ROOT.relativize(p).toString()).toList();
    assertEquals(List.of(), unreached);
  }

  @Test
  void aMissingFileOrHeadingIsReported() throws IOException {
    Path dir = Files.createTempDirectory("md-links");
    Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Workload `jmsnas`\n");
    String page = String.join("\n",
        "# Title",
        "[ok](other.md#workload-jmsnas) [ok too](#title) ![missing](img/none.png)",
        "[bad anchor](other.md#no-such-heading) [web](https://example.org/x.md)",
        "```",
        "[in code](nowhere.md)",
        "```",
        "`[inline](nowhere-either.md)`");
    List<String> problems = brokenLinks(dir.resolve("page.md"), page);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("img/none.png"), problems.toString());
    assertTrue(problems.get(1).contains("other.md#no-such-heading"), problems.toString());
  }

  @Test
  void anchorsAreGitHubSlugs() {
    assertEquals(
        List.of("clusters-multi-jvm-runs-and-real-process-failures", "workload-jmsnas", "over-the-air-vs-digital", "over-the-air-vs-digital-1"),
        List.copyOf(anchors("## Clusters: multi-JVM runs and real process failures\n### Workload `jmsnas`\n"
            + "## Over the air vs digital\n## Over the air vs digital\n")));
  }

  /** README.md, docs/*.md and docs/adr/*.md. */
  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    for (Path dir : List.of(ROOT.resolve("docs"), ROOT.resolve("docs/adr"))) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  private static List<String> brokenLinks(Path page, String markdown) {
    List<String> problems = new ArrayList<>();
    Map<Path, Set<String>> anchorsOf = new HashMap<>();
    for (String target : links(markdown)) {
      Path file = resolve(page, target);
      if (file == null) continue; // a web address or a mail link
      if (!file.equals(page) && !Files.exists(file)) {
        problems.add(page.getFileName() + ": " + target + " (no file " + file + ")");
        continue;
      }
      int hash = target.indexOf('#');
      if (hash < 0 || !file.toString().endsWith(".md")) continue;
      String anchor = target.substring(hash + 1);
      Set<String> known = anchorsOf.computeIfAbsent(file, f -> anchors(f.equals(page) ? markdown : read(f)));
      if (!known.contains(anchor)) problems.add(page.getFileName() + ": " + target + " (no heading #" + anchor + ")");
    }
    return problems;
  }

  /** The targets of the links and images of a page, outside code. */
  private static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    boolean inFence = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      if (inFence) continue;
      String text = INLINE_CODE.matcher(line).replaceAll("");
      for (Pattern p : List.of(LINK, HTML_LINK)) {
        Matcher m = p.matcher(text);
        while (m.find()) targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** The file a link names, or null for a link that leaves the repository. */
  private static Path resolve(Path page, String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) return null;
    int hash = target.indexOf('#');
    String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
    return path.isEmpty() ? page : page.getParent().resolve(path).normalize();
  }

  /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
  private static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inFence = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) inFence = !inFence;
      Matcher m = HEADING.matcher(line);
      if (inFence || !m.matches()) continue;
      String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
