/**
 * The MsgStore client API: a MAPI-style message store whose {@link org.msgstore.Message#submit()}
 * joins the caller's JTA transaction. Applications import this package (and, for plug-ins, {@code
 * org.msgstore.spi}) and nothing else of MsgStore.
 */
package org.msgstore;
