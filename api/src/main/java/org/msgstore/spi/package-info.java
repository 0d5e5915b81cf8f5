/** For plug-in authors: transports and preprocessors the spooler drives. */
package org.msgstore.spi;
