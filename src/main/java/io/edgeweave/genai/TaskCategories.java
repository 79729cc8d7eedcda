package io.edgeweave.genai;

import java.util.Arrays;
import java.util.List;

/**
 * The task categories of an application: named groups of classes, each class in at most one. A generation
 * request is for a class; its task is the category holding that class.
 */
public record TaskCategories(List<Category> categories, int classes) {
  public record Category(String name, List<Integer> classes) {
    public Category {
      classes = List.copyOf(classes);
    }
  }

  public TaskCategories {
    categories = List.copyOf(categories);
    int[] owner = new int[classes];
    Arrays.fill(owner, -1);
    for (int t = 0; t < categories.size(); t++) {
      for (int c : categories.get(t).classes()) {
        if (c < 0 || c >= classes) throw new IllegalArgumentException("class " + c + " is outside [0, " + classes + ")");
        if (owner[c] >= 0) throw new IllegalArgumentException("class " + c + " is in two categories");
        owner[c] = t;
      }
    }
  }

  public int size() {
    return categories.size();
  }

  /** The category holding {@code cls}, or −1 if none does. */
  public int categoryOf(int cls) {
    for (int t = 0; t < categories.size(); t++) {
      if (categories.get(t).classes().contains(cls)) return t;
    }
    return -1;
  }

  public Category get(int t) {
    return categories.get(t);
  }

  /** Only category {@code t}: what a task-specific model serves. */
  public TaskCategories only(int t) {
    return new TaskCategories(List.of(categories.get(t)), classes);
  }
}
