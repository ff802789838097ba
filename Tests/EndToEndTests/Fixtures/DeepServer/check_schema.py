#!/usr/bin/env python3
"""Compares swift-deep's Protos/ with the published deep-proto schema (the `deep-proto`
package's descriptors): every message field (name, number, type, label, oneof, optional),
enum value and service method must match. Needs `pip install deep-proto grpcio-tools`.

    check_schema.py PROTOS_DIR

Prints one line per proto package and exits 1 on any difference.
"""
import glob
import importlib
import os
import sys
import tempfile

from google.protobuf import descriptor_pb2
from grpc_tools import protoc

protos = sys.argv[1]
published = {}
for name in ["common", "resource", "tracepoint", "poll"]:
    module = importlib.import_module("deepproto.proto.%s.v1.%s_pb2" % (name, name))
    file = descriptor_pb2.FileDescriptorProto()
    module.DESCRIPTOR.CopyToProto(file)
    published[file.package] = file

with tempfile.TemporaryDirectory() as work:
    output = os.path.join(work, "ours.pb")
    files = sorted(glob.glob(os.path.join(protos, "**", "*.proto"), recursive=True))
    if protoc.main(["protoc", "-I" + protos, "--descriptor_set_out=" + output] + files) != 0:
        sys.exit("protoc could not read " + protos)
    ours = descriptor_pb2.FileDescriptorSet()
    with open(output, "rb") as data:
        ours.ParseFromString(data.read())


def shape(file):
    facts = set()

    def message(prefix, descriptor):
        for field in descriptor.field:
            oneof = descriptor.oneof_decl[field.oneof_index].name if field.HasField("oneof_index") else ""
            facts.add(("field", prefix + descriptor.name, field.name, field.number, field.type, field.label,
                       field.type_name, oneof, field.proto3_optional))
        for nested in descriptor.nested_type:
            message(prefix + descriptor.name + ".", nested)

    for descriptor in file.message_type:
        message("", descriptor)
    for enum in file.enum_type:
        for value in enum.value:
            facts.add(("enum", enum.name, value.name, value.number))
    for service in file.service:
        for method in service.method:
            facts.add(("method", service.name, method.name, method.input_type, method.output_type))
    return facts


different = False
for file in ours.file:
    theirs = published.get(file.package)
    if theirs is None:
        print("%s: not in deep-proto" % file.package)
        different = True
        continue
    mine, expected = shape(file), shape(theirs)
    if mine == expected:
        print("%s: same (%d facts)" % (file.package, len(mine)))
    else:
        different = True
        print("%s: DIFFERENT" % file.package)
        for fact in sorted(mine - expected, key=str):
            print("  only ours:      ", fact)
        for fact in sorted(expected - mine, key=str):
            print("  only deep-proto:", fact)
missing = set(published) - {file.package for file in ours.file}
for package in sorted(missing):
    print("%s: missing from %s" % (package, protos))
sys.exit(1 if different or missing else 0)
