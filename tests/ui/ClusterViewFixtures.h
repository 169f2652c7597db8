#pragma once
// Cluster rows and statuses shared by the cluster panel tests (header-only).
#include <QString>
#include <QVector>

#include "ViewTypes.h"

namespace edgescope::testing {

/// A server node row as the engine's status lists it: @p name at @p address in @p state, running hog.
inline NodeView serverNode(const QString& name, const QString& address, const QString& state, bool local) {
  NodeView view;
  view.name = name;
  view.address = address;
  view.state = state;
  view.role = "server";
  view.local = local;
  view.model = "hog";
  return view;
}

/// A playing session's status listing @p nodes.
inline StatusView statusWith(const QVector<NodeView>& nodes) {
  StatusView status;
  status.state = "playing";
  status.nodes = nodes;
  return status;
}

}  // namespace edgescope::testing
