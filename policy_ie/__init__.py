"""policy-ie's application layer: the ``policy-ie`` command, the HTTP service,
the HTML page and the annotation-tool formats.

The library itself is :mod:`model` (inference: ``from model import predict``)
and :mod:`train` (training and data). This package sits above both and is
the only one that imports both, so that the inference package never depends
on the training package.
"""
