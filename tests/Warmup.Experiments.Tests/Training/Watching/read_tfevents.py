#!/usr/bin/env python3
"""Reads a TensorBoard event file without Warmup's code: prints one JSON object per event, checks every CRC.

The TFRecord framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the data) is that of
TensorFlow's tensorflow/core/lib/io/record_writer.h; the messages are declared below from
tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto (only the fields Warmup writes) and
decoded by the protobuf package (Debian: python3-protobuf). Exits 1 with a message on the first bad CRC or record.

Usage: read_tfevents.py FILE
"""
import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def crc32c(data):
    # Bitwise CRC-32C: reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF.
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def event_class():
    F = descriptor_pb2.FieldDescriptorProto
    f = descriptor_pb2.FileDescriptorProto(name="warmup_read_tfevents.proto", package="readback", syntax="proto3")

    def message(name, fields):
        m = f.message_type.add(name=name)
        for fname, number, ftype, label, type_name in fields:
            field = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                field.type_name = type_name
        return m

    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    message("HistogramProto", [
        ("min", 1, F.TYPE_DOUBLE, opt, None), ("max", 2, F.TYPE_DOUBLE, opt, None), ("num", 3, F.TYPE_DOUBLE, opt, None),
        ("sum", 4, F.TYPE_DOUBLE, opt, None), ("sum_squares", 5, F.TYPE_DOUBLE, opt, None),
        ("bucket_limit", 6, F.TYPE_DOUBLE, rep, None), ("bucket", 7, F.TYPE_DOUBLE, rep, None)])
    value = message("Value", [("tag", 1, F.TYPE_STRING, opt, None), ("simple_value", 2, F.TYPE_FLOAT, opt, None),
                              ("histo", 5, F.TYPE_MESSAGE, opt, ".readback.HistogramProto")])
    value.oneof_decl.add(name="value")
    value.field[1].oneof_index = 0
    value.field[2].oneof_index = 0
    message("Summary", [("value", 1, F.TYPE_MESSAGE, rep, ".readback.Value")])
    event = message("Event", [("wall_time", 1, F.TYPE_DOUBLE, opt, None), ("step", 2, F.TYPE_INT64, opt, None),
                              ("file_version", 3, F.TYPE_STRING, opt, None),
                              ("summary", 5, F.TYPE_MESSAGE, opt, ".readback.Summary")])
    event.oneof_decl.add(name="what")
    event.field[2].oneof_index = 0
    event.field[3].oneof_index = 0
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    descriptor = pool.FindMessageTypeByName("readback.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def main(path):
    Event = event_class()
    data = open(path, "rb").read()
    at, index = 0, 0
    while at < len(data):
        if at + 12 > len(data):
            fail(f"record {index}: truncated header at byte {at}")
        header = data[at:at + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[at + 8:at + 12])
        if length_crc != masked(header):
            fail(f"record {index}: bad length CRC {length_crc:#010x}, expected {masked(header):#010x}")
        body = data[at + 12:at + 12 + length]
        if len(body) != length or at + 16 + length > len(data):
            fail(f"record {index}: truncated data")
        (data_crc,) = struct.unpack("<I", data[at + 12 + length:at + 16 + length])
        if data_crc != masked(body):
            fail(f"record {index}: bad data CRC {data_crc:#010x}, expected {masked(body):#010x}")
        event = Event()
        event.ParseFromString(body)
        out = {"wall_time": event.wall_time, "step": event.step}
        if event.WhichOneof("what") == "file_version":
            out["file_version"] = event.file_version
        values = []
        for v in event.summary.value:
            if v.WhichOneof("value") == "histo":
                h = v.histo
                values.append({"tag": v.tag, "histo": {
                    "min": h.min, "max": h.max, "num": h.num, "sum": h.sum, "sum_squares": h.sum_squares,
                    "bucket_limit": list(h.bucket_limit), "bucket": list(h.bucket)}})
            else:
                values.append({"tag": v.tag, "simple_value": v.simple_value})
        out["values"] = values
        print(json.dumps(out))
        at += 16 + length
        index += 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: read_tfevents.py FILE")
    main(sys.argv[1])
