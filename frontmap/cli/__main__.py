"""``python -m frontmap.cli``: the same as the ``frontmap`` command."""
from . import main

main()
