package org.msgstore.demo;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The demo's REST endpoints live under /api; the page (index.html) calls them. */
@ApplicationPath("/api")
public class DemoApplication extends Application {}
