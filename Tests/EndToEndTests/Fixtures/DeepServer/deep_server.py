#!/usr/bin/env python3
"""A Deep server for swift-deep's fleet-mode tests, built on the protocol's own published
Python stubs (the `deep-proto` package) and grpcio: `pip install deep-proto grpcio`.

It serves the tracepoints in CONTROL/tracepoints.json (a list of TracePointConfig in
protobuf JSON form) to every poll, answering NO_CHANGE when the poll's current_hash is the
hash of that file, and records what it receives: CONTROL/polls.jsonl (each PollRequest
with its `authorization` header) and CONTROL/snapshots.jsonl (each Snapshot). CONTROL/mode,
read at every poll, makes it misbehave: `ok`, `slow` (answers after 3 s), `error`
(UNAVAILABLE), `malformed` (bytes that are no PollResponse), `huge` (a 6 MiB response).

    deep_server.py CONTROL [PORT [CERT KEY]]    # PORT 0 or absent: any free port
                                                # CERT, KEY: PEM files, to serve TLS

It prints the port it listens on, then serves until killed.
"""
import hashlib
import json
import os
import sys
import time
from concurrent import futures

import grpc
from google.protobuf import json_format
from deepproto.proto.poll.v1 import poll_pb2
from deepproto.proto.tracepoint.v1 import tracepoint_pb2

control = sys.argv[1]


def read(name, default):
    try:
        with open(os.path.join(control, name), "rb") as file:
            return file.read()
    except FileNotFoundError:
        return default


def record(name, entry):
    with open(os.path.join(control, name), "a") as file:
        file.write(json.dumps(entry) + "\n")


def authorization(context):
    return dict(context.invocation_metadata()).get("authorization")


def poll(request_bytes, context):
    request = poll_pb2.PollRequest.FromString(request_bytes)
    record("polls.jsonl", {
        "request": json_format.MessageToDict(request, preserving_proto_field_name=True),
        "authorization": authorization(context),
    })
    mode = read("mode", b"ok").decode().strip()
    if mode == "slow":
        time.sleep(3)
    elif mode == "error":
        context.abort(grpc.StatusCode.UNAVAILABLE, "the test server is refusing polls")
    elif mode == "malformed":
        return b"\x1a\x10\x0a\x03abc"  # field 3 claims 16 bytes; 5 follow
    content = read("tracepoints.json", b"[]")
    current_hash = hashlib.sha256(content).hexdigest()[:16]
    response = poll_pb2.PollResponse(ts_nanos=time.time_ns(), current_hash=current_hash)
    if request.current_hash == current_hash and mode != "huge":
        response.response_type = poll_pb2.NO_CHANGE
    else:
        response.response_type = poll_pb2.UPDATE
        for entry in json.loads(content):
            response.response.append(json_format.ParseDict(entry, tracepoint_pb2.TracePointConfig()))
        if mode == "huge":
            response.response.append(tracepoint_pb2.TracePointConfig(ID="huge", args={"filler": "x" * (6 << 20)}))
    return response.SerializeToString()


def send(snapshot_bytes, context):
    snapshot = tracepoint_pb2.Snapshot.FromString(snapshot_bytes)
    record("snapshots.jsonl", {
        "snapshot": json_format.MessageToDict(snapshot, preserving_proto_field_name=True),
        "id_length": len(snapshot.ID),
        "authorization": authorization(context),
    })
    return tracepoint_pb2.SnapshotResponse().SerializeToString()


def raw(handler):
    return grpc.unary_unary_rpc_method_handler(handler, request_deserializer=None, response_serializer=None)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                     options=[("grpc.max_send_message_length", 64 << 20)])
server.add_generic_rpc_handlers([
    grpc.method_handlers_generic_handler("deepproto.proto.poll.v1.PollConfig", {"poll": raw(poll)}),
    grpc.method_handlers_generic_handler("deepproto.proto.tracepoint.v1.SnapshotService", {"send": raw(send)}),
])
address = "127.0.0.1:%s" % (sys.argv[2] if len(sys.argv) > 2 else "0")
if len(sys.argv) > 4:
    with open(sys.argv[3], "rb") as cert, open(sys.argv[4], "rb") as key:
        credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
    port = server.add_secure_port(address, credentials)
else:
    port = server.add_insecure_port(address)
server.start()
print(port, flush=True)
server.wait_for_termination()
