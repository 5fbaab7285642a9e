"""The guide's Python token authorizer, as its design reads: the reference the TypeScript
authorizer is benchmarked against (tests/bench/authorizer.bench.ts). Not deployed.

Same steps as the guide: JWKS fetched once per process (lru_cache), the RSA key built from the
JWK for each request, PyJWT RS256 decode with the issuer check and the audience check off,
client_id and token_use checked by hand, groups from cognito:groups, one-statement policy.
ISSUER and JWKS_URL come from the environment so the benchmark can point it at its own keys.
"""
import json
import logging
import os
from functools import lru_cache

import jwt
import requests

logger = logging.getLogger()
logger.setLevel(logging.INFO)

ISSUER = os.environ["ISSUER"]
CLIENT_ID = os.environ["CLIENT_ID"]
JWKS_URL = os.environ["JWKS_URL"]
ALLOWED_GROUPS = {"Administrators", "MLUsers"}


@lru_cache(maxsize=1)
def get_jwks():
    response = requests.get(JWKS_URL, timeout=10)
    response.raise_for_status()
    return response.json()


def public_key_for(kid):
    for key in get_jwks()["keys"]:
        if key["kid"] == kid:
            return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(key))
    raise ValueError("no key for kid")


def verified_claims(token):
    kid = jwt.get_unverified_header(token)["kid"]
    claims = jwt.decode(
        token,
        public_key_for(kid),
        algorithms=["RS256"],
        issuer=ISSUER,
        options={"verify_aud": False},
    )
    if claims.get("client_id") != CLIENT_ID:
        raise ValueError("client_id mismatch")
    if claims.get("token_use") != "access":
        raise ValueError("token_use must be access")
    return claims


def policy(principal, effect, resource, context=None):
    result = {
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}
            ],
        },
    }
    if context:
        result["context"] = context
    return result


def lambda_handler(event, context):
    try:
        token = event.get("authorizationToken", "").replace("Bearer ", "")
        if not token:
            raise ValueError("no token")
        claims = verified_claims(token)
        username = claims.get("username", claims.get("sub"))
        groups = claims.get("cognito:groups", [])
        if not any(group in ALLOWED_GROUPS for group in groups):
            logger.warning(f"User {username} lacks required group")
            return policy(username, "Deny", event["methodArn"])
        logger.info(f"Authorised: {username} groups={groups}")
        return policy(
            username,
            "Allow",
            event["methodArn"],
            {
                "username": username,
                "email": claims.get("email", ""),
                "groups": ",".join(groups),
                "sub": claims.get("sub", ""),
            },
        )
    except Exception as error:
        logger.error(f"Authorizer error: {error}")
        raise Exception("Unauthorized")
