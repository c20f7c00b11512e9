"""``reportkit serve``: the web service where each unit hands in its form and sees its mistakes.

A thin layer over the library (forms, report, batch): the files stay plain in the data
folder, so ``reportkit batch DIR`` gives what the service's button gives. See docs/serve.md.
"""
