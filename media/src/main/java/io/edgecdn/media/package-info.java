/**
 * The shared media vocabulary of the node: FLV tags ({@link io.edgecdn.media.flv}), codec
 * configuration records ({@link io.edgecdn.media.codec}) and timestamp normalisation
 * ({@link io.edgecdn.media.time}). Depends on nothing of ours.
 *
 * <p>May import: nothing of ours.
 */
package io.edgecdn.media;
