package io.edgeweave.scenario;

import java.nio.file.Path;

/** Where a run writes: {@code directory/<name>-<time>} unless the command line names a folder. */
public record OutputSpec(Path directory) {}
