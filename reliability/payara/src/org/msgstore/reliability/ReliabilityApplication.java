package org.msgstore.reliability;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The Payara fault scenario's war: its endpoints under /api (ReliabilityResource). */
@ApplicationPath("/api")
public class ReliabilityApplication extends Application {}
