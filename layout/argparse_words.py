"""argparse's own words, marked so that Babel puts them in our catalogue.

argparse looks these up through gettext when it prints usage, help and its errors;
cli.py hands it our catalogue while it parses (`_argparse_speaks`). The strings are
argparse's msgids exactly as Python 3.11 writes them; nothing here is called."""
from layout.i18n import M

WORDS = (
    M("usage: "),
    M("positional arguments"),
    M("options"),
    M("show this help message and exit"),
    M("the following arguments are required: %s"),
    M("unrecognized arguments: %s"),
    M("invalid choice: %(value)r (choose from %(choices)s)"),
    M("argument %(argument_name)s: %(message)s"),
    M("%(prog)s: error: %(message)s\n"),
    M("expected one argument"),
    M("invalid %(type)s value: %(value)r"),
    M("ambiguous option: %(option)s could match %(matches)s"),
)
