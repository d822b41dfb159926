/** The built-in demo origin: a synthetic live stream encoded by JavaCV's FFmpeg, served as an SRT listener. */
package io.edgecdn.edge.demo;
