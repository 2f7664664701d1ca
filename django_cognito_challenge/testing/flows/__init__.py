"""What the operations in ``ops/`` share: the sign-in conversation's steps, answers and checks.

Nothing here registers an operation; ``registry.operations()`` finds those in ``ops/`` alone.
"""
