"""Readers of front-line maps, one module per publisher's format, each returning a ``RawSnapshot``.

DeepStateMAP (raw API snapshots and the simplified daily series), ISW, Liveuamap as
published by NZZ, and KML control maps. :func:`frontmap.frontline.read.raw_snapshot`
recognises the format of a file and calls the right one.
"""
