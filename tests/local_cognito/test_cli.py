"""``python -m django_cognito_challenge.testing serve``: its help, its start-up text, its seeds."""

from __future__ import annotations

import argparse
import ast
import json
import os
import select
import subprocess
import sys
import time
import urllib.request

import jwt
import pytest

from django_cognito_challenge.testing.__main__ import build_parser, describe, main
from django_cognito_challenge.testing.backend import LocalCognito
from django_cognito_challenge.testing.fixture import local_boto3_client
from django_cognito_challenge.testing.seed import apply_seed
from tests.processes import free_port, stop

SETTINGS_HEADER = "paste into settings.py):"


def start_cli(*arguments: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "django_cognito_challenge.testing", "serve", *arguments]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def read_until(process: subprocess.Popen, text: str, timeout: float = 20.0) -> str:
    """Read the process's output until ``text`` appears and the output pauses."""
    seen, deadline = b"", time.monotonic() + timeout
    while text.encode() not in seen or select.select([process.stdout], [], [], 0.2)[0]:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} in the output: {seen!r}")
        if select.select([process.stdout], [], [], 0.2)[0]:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError(f"the process ended before {text!r}: {seen!r}")
            seen += chunk
    return seen.decode()


def stop_cli(process: subprocess.Popen) -> None:
    stop(process)
    process.stdout.close()


def pasted_settings(text: str) -> dict:
    """The settings block of a start-up text, read as Python would read it pasted."""
    _, _, rest = text.partition(SETTINGS_HEADER + "\n\n")
    block = rest.partition("\n\n")[0]
    settings = {}
    for line in block.splitlines():
        name, _, value = line.strip().partition(" = ")
        settings[name] = ast.literal_eval(value)
    return settings


SEED = {
    "pool": {"id": "us-east-1_CliPool1", "name": "cli"},
    "client": {"id": "cliclient00000000000000001",
               "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
    "users": [{"username": "seeded", "password": "Seed-Pass-1!",
               "attributes": {"email": "seeded@example.com", "email_verified": "true"}}],
}
TENANT_SEED = {
    "pool": {"id": "us-east-1_Tenants1", "custom_attributes": ["tenant"]},
    "client": {"id": "tenantclient0000000000001"},
    "users": [{"username": "tia", "password": "Seed-Pass-1!",
               "attributes": {"email": "tia@example.com", "custom:tenant": "acme"}}],
}


# -- --help -----------------------------------------------------------------------------------


def serve_parser() -> argparse.ArgumentParser:
    commands = next(action for action in build_parser()._actions
                    if isinstance(action, argparse._SubParsersAction))
    return commands.choices["serve"]


def serve_help(capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "200")  # one line per option
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_serve_help_says_what_the_local_cognito_is_and_that_it_is_not_for_production(
        capsys, monkeypatch):
    text = " ".join(serve_help(capsys, monkeypatch).split())
    assert "stand-in for the Amazon Cognito user-pool API" in text
    assert "for tests and demonstrations only, never for production" in text


def test_serve_help_explains_every_option_and_shows_its_default(capsys, monkeypatch):
    text = serve_help(capsys, monkeypatch)
    options = [action for action in serve_parser()._actions if action.option_strings]
    assert {option.dest for option in options} == {"help", "host", "port", "region", "seed",
                                                     "custom_auth"}
    for option in options:
        line = next(line for line in text.splitlines()
                    if line.lstrip().startswith(option.option_strings[0]))
        assert option.help
        assert option.help in line
        if option.default not in (None, argparse.SUPPRESS):
            assert line.endswith(f"(default: {option.default})")
    assert "(default: None)" not in text


def test_serve_help_says_where_the_seed_format_is_and_what_start_up_prints(capsys,
                                                                           monkeypatch):
    text = " ".join(serve_help(capsys, monkeypatch).split())
    assert "django_cognito_challenge.testing.seed.SEED_FORMAT" in text
    for printed in ("region", "user pool id", "client id", "token issuer", "outbox URL",
                    "Django settings (COGNITO_CHALLENGE_*) ready to paste"):
        assert printed in text


def test_top_level_help_lists_the_serve_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "serve" in out
    assert "never for production" in " ".join(out.split())


# -- the start-up text ------------------------------------------------------------------------


def start_up_text(seed: dict) -> str:
    return describe("http://127.0.0.1:9229", apply_seed(LocalCognito(), seed), settings=True)


def test_start_up_settings_point_the_app_at_the_seeded_pool_and_client():
    assert pasted_settings(start_up_text(SEED)) == {
        "COGNITO_CHALLENGE_REGION": "us-east-1",
        "COGNITO_CHALLENGE_USER_POOL_ID": "us-east-1_CliPool1",
        "COGNITO_CHALLENGE_CLIENT_ID": "cliclient00000000000000001",
        "COGNITO_CHALLENGE_ENDPOINT_URL": "http://127.0.0.1:9229",
    }


def test_start_up_settings_carry_the_client_secret_when_the_client_has_one():
    seed = {**SEED, "client": {**SEED["client"], "secret": "s3cret-of-the-client"}}
    settings = pasted_settings(start_up_text(seed))
    assert settings["COGNITO_CHALLENGE_CLIENT_SECRET"] == "s3cret-of-the-client"


def test_start_up_settings_mirror_the_pools_device_rules():
    seed = {**SEED, "pool": {**SEED["pool"], "device_configuration": {
        "challenge_required_on_new_device": False,
        "device_only_remembered_on_user_prompt": True}}}
    settings = pasted_settings(start_up_text(seed))
    assert settings["COGNITO_CHALLENGE_REMEMBERED_DEVICE_SKIPS_MFA"] is False
    assert settings["COGNITO_CHALLENGE_REMEMBER_DEVICE_PROMPT"] is True


def test_the_demo_commands_start_up_text_has_no_settings_block():
    seeded = apply_seed(LocalCognito(), SEED)
    text = describe("http://127.0.0.1:9229", seeded)
    assert SETTINGS_HEADER not in text
    assert "user pool id  us-east-1_CliPool1" in text


# -- serving ----------------------------------------------------------------------------------


def test_cli_serves_a_seeded_pool_that_boto3_signs_in_to(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(SEED))
    port = free_port()
    process = start_cli("--port", str(port), "--seed", str(seed))
    try:
        banner = read_until(process, "us-east-1_CliPool1")
        assert f"http://127.0.0.1:{port}" in banner
        client = local_boto3_client(f"http://127.0.0.1:{port}")
        reply = client.initiate_auth(
            ClientId="cliclient00000000000000001", AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "seeded", "PASSWORD": "Seed-Pass-1!"})
        assert reply["AuthenticationResult"]["TokenType"] == "Bearer"
        client.forgot_password(ClientId="cliclient00000000000000001", Username="seeded")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_local/outbox") as response:
            messages = json.load(response)["messages"]
        assert [(m["username"], m["purpose"]) for m in messages] == [
            ("seeded", "FORGOT_PASSWORD")]
    finally:
        stop_cli(process)


def test_cli_without_a_seed_prints_the_demo_users_and_passwords():
    process = start_cli("--port", str(free_port()))
    try:
        banner = read_until(process, "admin ")
    finally:
        stop_cli(process)
    assert "user pool id  us-east-1_DemoPool1" in banner
    _, _, table = banner.partition("what the sign-in shows\n")
    passwords = {line.split()[0]: line.split()[1] for line in table.splitlines()}
    assert passwords["new-user"] == "Temp-Pass-1!"
    assert passwords["totp-user"] == "Demo-Pass-1!"
    assert passwords["admin"] == "Admin-Pass-1!"


def test_cli_serves_a_seed_with_custom_attributes_through_its_printed_settings(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(TENANT_SEED))
    process = start_cli("--port", str(free_port()), "--seed", str(seed))
    try:
        settings = pasted_settings(read_until(process, "tia "))
        client = local_boto3_client(settings["COGNITO_CHALLENGE_ENDPOINT_URL"],
                                    settings["COGNITO_CHALLENGE_REGION"])
        reply = client.initiate_auth(
            ClientId=settings["COGNITO_CHALLENGE_CLIENT_ID"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "tia", "PASSWORD": "Seed-Pass-1!"})
        pool = client.describe_user_pool(UserPoolId=settings["COGNITO_CHALLENGE_USER_POOL_ID"])
    finally:
        stop_cli(process)
    claims = jwt.decode(reply["AuthenticationResult"]["IdToken"],
                        options={"verify_signature": False})
    assert claims["custom:tenant"] == "acme"
    assert "custom:tenant" in {a["Name"] for a in pool["UserPool"]["SchemaAttributes"]}


def test_cli_refuses_a_seed_with_an_unknown_key_naming_the_file_and_the_place(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"users": [{"username": "ann", "pasword": "Demo-Pass-1!"}]}))
    command = [sys.executable, "-m", "django_cognito_challenge.testing", "serve",
               "--port", str(free_port()), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 2
    assert f"{seed}: users[0]: unknown key 'pasword'" in done.stderr
    assert done.stdout == ""
