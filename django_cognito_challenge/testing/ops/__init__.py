"""The operations the local Cognito answers, one module per family; each registers itself.

``registry.operations()`` imports every module here, so only operation modules belong in this
package: helpers shared by operations live in ``flows/``.
"""
