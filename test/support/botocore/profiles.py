# Reads cases (JSON on stdin: [{config, credentials}]) and prints, for each, what botocore makes
# of them: the profile names in order, each profile's settings, or the parse error.
# The oracle for test/unit/config/botocore-ini.test.ts: botocore is what the aws CLI runs.
import json
import os
import sys
import tempfile

import botocore.session
from botocore.exceptions import ConfigParseError

cases = json.load(sys.stdin)
out = []
with tempfile.TemporaryDirectory() as root:
    for i, case in enumerate(cases):
        paths = {}
        for kind in ('config', 'credentials'):
            paths[kind] = os.path.join(root, f'{i}-{kind}')
            with open(paths[kind], 'w', encoding='utf-8', newline='') as f:
                f.write(case[kind])
        os.environ['AWS_CONFIG_FILE'] = paths['config']
        os.environ['AWS_SHARED_CREDENTIALS_FILE'] = paths['credentials']
        session = botocore.session.Session()
        try:
            names = session.available_profiles
            profiles = session.full_config['profiles']
            out.append({'names': names, 'profiles': profiles})
        except ConfigParseError as e:
            out.append({'error': str(e)})
json.dump(out, sys.stdout)
