package io.edgeweave.runtime;

/** Marker of every message that may cross JVMs: bound to Pekko's jackson-cbor serializer. */
public interface CborSerializable {}
