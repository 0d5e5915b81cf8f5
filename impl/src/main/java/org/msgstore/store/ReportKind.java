package org.msgstore.store;

/** The two reports the spooler writes into the sender's mailbox. */
enum ReportKind {
  /** Non-delivery report, {@code Report.<class>.NDR}: carries the original as an attachment. */
  NDR("NDR", "Undeliverable: "),
  /** Delivery report, {@code Report.<class>.DR}: no copy of the original. */
  DR("DR", "Delivered: ");

  private final String classSuffix;
  private final String subjectPrefix;

  ReportKind(String classSuffix, String subjectPrefix) {
    this.classSuffix = classSuffix;
    this.subjectPrefix = subjectPrefix;
  }

  String messageClass(String originalClass) {
    return "Report." + originalClass + "." + classSuffix;
  }

  String subject(String originalSubject) {
    return subjectPrefix + (originalSubject == null ? "" : originalSubject);
  }
}
