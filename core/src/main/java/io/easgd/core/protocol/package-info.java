/**
 * The agent ⇄ backend wire protocol, version 1 ({@code docs/protocol.md}), imported by both sides.
 *
 * <ul>
 *   <li>{@link io.easgd.core.protocol.ToServer} and {@link io.easgd.core.protocol.ToAgent}: the JSON
 *       control messages, one record each, read and written by {@link io.easgd.core.protocol.Messages}.</li>
 *   <li>{@link io.easgd.core.protocol.ParamFrame}: the 48-byte binary header of one chunk of a
 *       parameter vector; {@link io.easgd.core.protocol.Chunker} splits a {@code float[]} into frames,
 *       {@link io.easgd.core.protocol.Assembler} puts them back together.</li>
 *   <li>{@link io.easgd.core.protocol.Protocol}: limits and close codes;
 *       {@link io.easgd.core.protocol.ProtocolException}: a fault with the close code to use.</li>
 * </ul>
 * Plain Java and Jackson: no WebSocket library here, each side brings its own.
 */
package io.easgd.core.protocol;
