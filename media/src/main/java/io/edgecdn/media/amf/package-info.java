/**
 * AMF0 values (Adobe Action Message Format AMF0 specification, 2006): the encoding of RTMP
 * commands and of FLV script data such as {@code onMetaData}. Pure byte work, no I/O; imports
 * nothing of ours.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.media.amf;
