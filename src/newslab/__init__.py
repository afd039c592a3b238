"""newslab: read, annotate and analyse a corpus of news articles; publish reproducible HTML reports.

Stages, one subpackage each: :mod:`newslab.read`, :mod:`newslab.annotate`, :mod:`newslab.analyse`,
:mod:`newslab.report`; :mod:`newslab.run` executes the notebooks that tell the story.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newslab")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"
