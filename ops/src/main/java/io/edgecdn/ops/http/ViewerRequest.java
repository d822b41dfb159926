package io.edgecdn.ops.http;

import io.undertow.util.AttachmentKey;

/** What the viewer-port router attaches to a request before a delivery handler answers it. */
public final class ViewerRequest {
    /**
     * The signature query of a signed playlist request ({@code txSecret=..&txTime=..} or {@code
     * sig=..&expires=..}), appended to the URIs in the playlist; "" when the stream needs none.
     */
    public static final AttachmentKey<String> SIGNING_QUERY = AttachmentKey.create(String.class);

    private ViewerRequest() {
    }
}
