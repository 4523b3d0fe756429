"""The `tadamon` console script: every registry command behind one name.

`tadamon demo`, `tadamon audit verify`, `tadamon setup_demo`, and Django's own
commands (`tadamon migrate`, ...) all run through Django's command machinery,
so they share settings, the database and error handling.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tadamon", *sys.argv[1:]])


if __name__ == "__main__":
    main()
