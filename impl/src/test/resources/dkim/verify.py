"""Verifies the DKIM signatures of one message with dkimpy, the independent verifier of the DKIM
tests (Debian's python3-dkim). The public keys come from a JSON file of TXT records by name, given
to dkimpy as its DNS function: no network.

usage: verify.py MESSAGE_FILE RECORDS_JSON
prints "pass" and exits 0 when every signature verifies, else "fail" and the reasons, exit 1.
"""
import json
import logging
import sys

import dkim


def main():
    with open(sys.argv[1], "rb") as f:
        message = f.read()
    with open(sys.argv[2], encoding="ascii") as f:
        records = {name.lower().rstrip("."): value for name, value in json.load(f).items()}

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        value = records.get(name.lower().rstrip("."))
        return None if value is None else value.encode("ascii")

    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    log = logging.getLogger("dkim")
    d = dkim.DKIM(message, logger=log)
    headers = [v for k, v in d.headers if k.lower() == b"dkim-signature"]
    if not headers:
        print("fail: no DKIM-Signature")
        return 1
    ok = True
    for i in range(len(headers)):
        ok = d.verify(idx=i, dnsfunc=dnsfunc) and ok
    print("pass" if ok else "fail")
    return 0 if ok else 1


sys.exit(main())
