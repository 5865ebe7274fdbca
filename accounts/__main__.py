"""python -m accounts add|set-role|reset-password|list|unlock …: manage who may sign in (recorded as "cli")."""
import argparse
import getpass
import os
import sys
from accounts import admin
from accounts.db import accounts_engine
from accounts.roles import Role
from accounts.signin import utcnow

ACTOR = "cli"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m accounts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("add", "set-role"):
        sub = commands.add_parser(command)
        sub.add_argument("name")
        sub.add_argument("role", choices=[role.value for role in Role])
        sub.add_argument("--village", type=int, help="a village secretary's village id")
        sub.add_argument("--service-point", type=int, help="a 片区 leader's 片区 id")
    commands.add_parser("reset-password").add_argument("name")
    commands.add_parser("unlock").add_argument("name")
    commands.add_parser("list")
    return parser.parse_args(argv)


def new_password() -> str:
    """From ACCOUNT_PASSWORD (scripts), else asked twice on the terminal."""
    if password := os.environ.get("ACCOUNT_PASSWORD"):
        return password
    first, second = getpass.getpass("密码 / Password: "), getpass.getpass("再次输入 / Again: ")
    if first != second:
        sys.exit("两次输入的密码不同 / the passwords differ")
    return first


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    engine, now = accounts_engine(), utcnow()
    try:
        if args.command == "add":
            admin.add_account(engine, ACTOR, args.name, Role(args.role), new_password(), now, args.village,
                              args.service_point)
        elif args.command == "set-role":
            admin.set_role(engine, ACTOR, args.name, Role(args.role), now, args.village, args.service_point)
        elif args.command == "reset-password":
            admin.reset_password(engine, ACTOR, args.name, new_password(), now)
        elif args.command == "unlock":
            admin.unlock(engine, ACTOR, args.name, now)
        else:
            print(admin.accounts(engine).to_string(index=False))
            return
    except admin.AccountError as error:
        sys.exit(str(error))
    print(f"{args.command}: {args.name} ✓")


if __name__ == "__main__":
    main()
