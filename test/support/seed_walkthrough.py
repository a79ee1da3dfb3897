#!/usr/bin/env python3
"""Seed a moto_server with the AWS CLI "assume a role" walkthrough.

Usage:
  seed_walkthrough.py seed [ENDPOINT]
      moto_server must run with INITIAL_NO_AUTH_ACTION_COUNT=3. The three free
      calls create the admin user `admin` (inline "*" policy) and its access
      key; everything else is done as that admin with signed requests.
      Prints one JSON document on stdout (it contains secrets: never log it).
  seed_walkthrough.py trust-user [ENDPOINT]
      As the admin (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the
      environment), rewrite the trust policy of S3_Full_Access so that it names
      the admin and the user aws_cli_test. Prints {"ok": true}.

ENDPOINT comes from argv or the MOTO_ENDPOINT environment variable. Secrets are
never read from argv.
"""

import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
FREE_CALLS = 3
ADMIN = "admin"
USER = "aws_cli_test"
ROLE = "S3_Full_Access"
CHAINED_ROLE = "Chained_Role"
EXTERNAL_ID_ROLE = "ExternalId_Role"
EXTERNAL_ID = "ext-123"
CHAIN_SESSION = "awsrole-chain"
BUCKET = "a.demo.bucket"
# One try per call: a retried request would eat a free call.
CONFIG = Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, resources="*"):
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def trust(principals, condition=None):
    # One statement with a list of principals: moto denies the whole trust
    # policy as soon as one statement for sts:AssumeRole names another caller.
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": list(principals)},
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def client(service, endpoint, key_id, secret, token=None):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=CONFIG,
    )


def free_phase(endpoint):
    iam = client("iam", endpoint, "AKIAFREECALLS0000000", "free-calls")
    try:
        iam.create_user(UserName=ADMIN)
        iam.put_user_policy(UserName=ADMIN, PolicyName="admin-all", PolicyDocument=doc(allow("*")))
        key = iam.create_access_key(UserName=ADMIN)["AccessKey"]
    except ClientError as err:
        raise SystemExit(
            f"seed: the {FREE_CALLS} free calls failed ({err}); start moto_server with "
            f"INITIAL_NO_AUTH_ACTION_COUNT={FREE_CALLS} and send it no AWS request before seeding "
            "(a GET / is an S3 ListBuckets and uses one up)"
        )
    # The budget must now be spent: an unknown key has to be refused.
    try:
        iam.get_user(UserName=ADMIN)
    except ClientError as err:
        if err.response["Error"]["Code"] != "InvalidClientTokenId":
            raise
    else:
        raise SystemExit(
            f"seed: moto still accepts unsigned calls; INITIAL_NO_AUTH_ACTION_COUNT must be {FREE_CALLS}"
        )
    return key["AccessKeyId"], key["SecretAccessKey"]


def seed(endpoint):
    admin_id, admin_secret = free_phase(endpoint)
    iam = client("iam", endpoint, admin_id, admin_secret)
    sts = client("sts", endpoint, admin_id, admin_secret)
    s3 = client("s3", endpoint, admin_id, admin_secret)

    ident = sts.get_caller_identity()
    account = ident["Account"]
    admin_arn = ident["Arn"]

    user_arn = iam.create_user(UserName=USER)["User"]["Arn"]
    iam.put_user_policy(
        UserName=USER,
        PolicyName="read-only-s3-and-sts",
        PolicyDocument=doc(
            allow(["s3:ListBucket", "s3:GetObject", "s3:ListAllMyBuckets"]),
            allow("sts:GetCallerIdentity"),
            allow("sts:AssumeRole", f"arn:aws:iam::{account}:role/*"),
            # moto needs explicit allows for these (real AWS does not).
            allow(["sts:GetSessionToken", "sts:GetFederationToken"]),
        ),
    )
    user_key = iam.create_access_key(UserName=USER)["AccessKey"]

    role_arn = iam.create_role(
        RoleName=ROLE, AssumeRolePolicyDocument=trust([admin_arn]), MaxSessionDuration=43200
    )["Role"]["Arn"]
    iam.put_role_policy(RoleName=ROLE, PolicyName="s3-full", PolicyDocument=doc(allow("s3:*")))

    chained_arn = f"arn:aws:iam::{account}:role/{CHAINED_ROLE}"
    # Lets sessions of S3_Full_Access chain into Chained_Role.
    iam.put_role_policy(
        RoleName=ROLE,
        PolicyName="chain",
        PolicyDocument=doc(allow("sts:AssumeRole", chained_arn)),
    )
    # Real AWS: the role ARN covers all of its sessions. moto compares the
    # caller ARN with each principal exactly, so the session ARN for the
    # session name CHAIN_SESSION is named as well.
    chain_session_arn = f"arn:aws:sts::{account}:assumed-role/{ROLE}/{CHAIN_SESSION}"
    iam.create_role(
        RoleName=CHAINED_ROLE,
        AssumeRolePolicyDocument=trust([role_arn, chain_session_arn]),
    )
    iam.put_role_policy(
        RoleName=CHAINED_ROLE,
        PolicyName="s3-read",
        PolicyDocument=doc(allow(["s3:ListBucket", "s3:GetObject"])),
    )

    external_arn = iam.create_role(
        RoleName=EXTERNAL_ID_ROLE,
        AssumeRolePolicyDocument=trust(
            [user_arn], {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}
        ),
    )["Role"]["Arn"]
    iam.put_role_policy(
        RoleName=EXTERNAL_ID_ROLE,
        PolicyName="s3-read",
        PolicyDocument=doc(allow(["s3:ListBucket", "s3:GetObject"])),
    )

    s3.create_bucket(Bucket=BUCKET)

    return {
        "region": REGION,
        "accountId": account,
        "admin": {"accessKeyId": admin_id, "secretAccessKey": admin_secret},
        "user": {
            "name": USER,
            "arn": user_arn,
            "accessKeyId": user_key["AccessKeyId"],
            "secretAccessKey": user_key["SecretAccessKey"],
        },
        "roleArn": role_arn,
        "chainedRoleArn": chained_arn,
        "chainSessionName": CHAIN_SESSION,
        "externalIdRoleArn": external_arn,
        "externalId": EXTERNAL_ID,
        "bucket": BUCKET,
    }


def trust_user(endpoint):
    key_id = os.environ.get("AWS_ACCESS_KEY_ID")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key_id or not secret:
        raise SystemExit("trust-user: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY to the admin key")
    iam = client("iam", endpoint, key_id, secret)
    sts = client("sts", endpoint, key_id, secret)
    account = sts.get_caller_identity()["Account"]
    principals = [f"arn:aws:iam::{account}:user/{ADMIN}", f"arn:aws:iam::{account}:user/{USER}"]
    iam.update_assume_role_policy(RoleName=ROLE, PolicyDocument=trust(principals))
    return {"ok": True}


def main(argv):
    if len(argv) < 2 or argv[1] not in ("seed", "trust-user"):
        raise SystemExit(__doc__)
    endpoint = argv[2] if len(argv) > 2 else os.environ.get("MOTO_ENDPOINT")
    if not endpoint:
        raise SystemExit("seed: give the moto endpoint on argv or in MOTO_ENDPOINT")
    result = seed(endpoint) if argv[1] == "seed" else trust_user(endpoint)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
