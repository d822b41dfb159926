package io.edgecdn.media.flv;

/** The three FLV tag types (Adobe FLV spec v10.1, E.4.1: TagType 8, 9 and 18). */
public enum TagType {
    AUDIO(8),
    VIDEO(9),
    SCRIPT(18);

    private final int code;

    TagType(int code) {
        this.code = code;
    }

    /** The TagType byte value (the low 5 bits of the tag's first byte). */
    public int code() {
        return code;
    }

    /**
     * The type for a TagType value.
     *
     * @throws IllegalArgumentException when the value is not 8, 9 or 18
     */
    public static TagType of(int code) {
        return switch (code) {
            case 8 -> AUDIO;
            case 9 -> VIDEO;
            case 18 -> SCRIPT;
            default -> throw new IllegalArgumentException("unknown FLV tag type " + code);
        };
    }
}
